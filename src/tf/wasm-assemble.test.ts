// The module assembler's encodings and loops, run as real WebAssembly in Node: LEB128 both ways,
// and `countUp` / `whileBelow` loops whose bodies run as many times as they should.
import { describe, expect, it } from 'vitest';
import { END, I32, I32_ADD, I32_CONST, LOCAL_GET, LOCAL_SET, countUp, instantiateOn, sleb, uleb, whileBelow, type OneFunctionModule } from './wasm-assemble.ts';

const I32_LOAD = 0x28;
const I32_STORE = 0x36;

describe('LEB128', () => {
  it('encodes unsigned and signed values as the wasm spec does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(16)).toEqual([16]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});

describe('loops', () => {
  // Parameters: 0 = end, 1 = step; locals 2 (i) and 3 (j).
  const END_LOCAL = 0, STEP_LOCAL = 1, I = 2, J = 3;
  /** memory[address] += 1, as an i32. */
  const bump = (address: number) => [I32_CONST, address, I32_CONST, address, I32_LOAD, 2, 0, I32_CONST, 1, I32_ADD, I32_STORE, 2, 0];

  /** for (i = 0; i < end; i += step) bump(0); j = 0; while (j < end) { bump(4); j += step (the parameter) } */
  function counting(step: number): OneFunctionModule {
    return {
      exportName: 'count',
      params: [I32, I32],
      locals: [[2, I32]],
      body: [
        ...countUp(I, END_LOCAL, step, bump(0)),
        I32_CONST, 0, LOCAL_SET, J,
        ...whileBelow(J, END_LOCAL, [...bump(4), LOCAL_GET, J, LOCAL_GET, STEP_LOCAL, I32_ADD, LOCAL_SET, J]),
        END,
      ],
    };
  }

  function run(end: number, step: number): [number, number] {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const count = instantiateOn<(end: number, step: number) => void>(counting(step), memory);
    if (!count) throw new Error('the counting module did not instantiate');
    count(end, step);
    const words = new Int32Array(memory.buffer, 0, 2);
    return [words[0]!, words[1]!];
  }

  it('runs the body ceil(end / step) times, none when end is 0, with steps that need two LEB bytes', () => {
    expect(run(10, 1)).toEqual([10, 10]);
    expect(run(0, 1)).toEqual([0, 0]);
    expect(run(100, 64)).toEqual([2, 2]);
    expect(run(1000, 300)).toEqual([4, 4]);
  });
});
