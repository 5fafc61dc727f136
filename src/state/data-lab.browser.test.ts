// In real Chromium (fake webcam from the launch flags): webcam bursts land in a class through the
// same decode path as files; the Lab switches to the person's dataset and back to the shipped one.
import { describe, expect, it } from 'vitest';
import { Lab } from './lab.ts';
import type { IncomingFile } from './data-lab.ts';

async function png(colour: string, seed: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(80, 60);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 80, 60);
  ctx.fillStyle = '#000';
  ctx.fillRect(seed % 70, (seed * 7) % 50, 10, 10); // every file different, so no duplicates
  return canvas.convertToBlob({ type: 'image/png' });
}

describe('DataLab', () => {
  const lab = new Lab();

  it('says so when a drop or pick brings no files, and changes nothing', async () => {
    const before = lab.data.store.state.classes;
    await lab.data.addFolder([]);
    expect(lab.data.store.state.message).toEqual({ kind: 'error', text: expect.stringMatching(/^No files arrived: the folder was empty/) });
    expect(lab.data.store.state.classes).toBe(before);
  });

  it('captures a burst of webcam frames into a new class', async () => {
    const added = await lab.data.startCapture('me', 4);
    expect(lab.data.store.state.message?.text).toMatch(/Captured 4 webcam frames into "me"/);
    expect(added).toBe(4);
    const me = lab.data.store.state.classes.find((c) => c.name === 'me')!;
    expect(me.images).toHaveLength(4);
    expect(me.images.every((i) => i.source === 'webcam' && i.rgb.length === 64 * 64 * 3)).toBe(true);
    // The fake camera draws a moving pattern: frames are real pictures, not blank.
    expect(me.images[0]!.rgb.some((v) => v > 0)).toBe(true);
    expect(lab.data.store.state.capturing).toBeNull();
    lab.data.removeClass('me');
  });

  it('refuses a single class, switches to two and three classes, trains, and switches back to the shipped set', async () => {
    const files: IncomingFile[] = [];
    for (let i = 0; i < 12; i++) files.push({ path: `pets/red/${i}.png`, blob: await png('rgb(220,30,30)', i) });
    await lab.data.addFolder(files);
    expect(lab.data.store.state.name).toBe('pets');
    expect(await lab.data.useOwn()).toBe(false);
    expect(lab.data.store.state.message?.text).toMatch(/at least 2 classes.*only one class \("red"\).*not changed/);

    const blues: IncomingFile[] = [];
    for (let i = 0; i < 10; i++) blues.push({ path: `${i}.png`, blob: await png('rgb(30,30,220)', i + 50) });
    blues.push({ path: 'notes.txt', blob: new Blob(['not a picture']) });
    await lab.data.addFiles('blue', blues);
    expect(lab.data.store.state.skipped.map((s) => s.subject)).toEqual(['notes.txt']);
    expect(await lab.data.useOwn()).toBe(true);
    const own = lab.dataset!;
    expect(own.name).toBe('pets');
    expect(own.classNames).toEqual(['red', 'blue']);
    expect(own.train.count + own.val.count + own.test.count).toBe(22);
    expect(lab.data.store.state.active?.perClass.test).toEqual([2, 2]);
    expect(lab.store.state.settings.trainSize).toBe(own.train.count);

    // A third class: the model, the validation pass and the confusion matrix take three.
    const greens: IncomingFile[] = [];
    for (let i = 0; i < 10; i++) greens.push({ path: `g${i}.png`, blob: await png('rgb(30,200,30)', i + 90) });
    await lab.data.addFiles('green', greens);
    expect(await lab.data.useOwn()).toBe(true);
    expect(lab.dataset!.classNames).toEqual(['red', 'blue', 'green']);
    lab.updateSettings({ backend: 'wasm', epochs: 1 });
    const run = lab.train();
    // While training runs the dataset cannot change, and says why.
    await expect.poll(() => lab.busy).toBe(true);
    expect(await lab.data.useShipped()).toBe(false);
    expect(lab.data.store.state.message?.text).toMatch(/Training or pruning is running: stop it before switching the dataset\. The dataset in use was not changed\./);
    const trained = await run;
    expect(trained.phase).toBe('finished');
    expect(trained.validation?.confusion.map((row) => row.length)).toEqual([3, 3, 3]);
    expect(lab.dataset!.name).toBe('pets');

    expect(await lab.data.useShipped()).toBe(true);
    expect(lab.dataset!.name).toBe('catsdogs');
    expect(lab.data.store.state.classes.map((c) => c.images.length)).toEqual([12, 10, 10]); // the pool stays
  });
});
