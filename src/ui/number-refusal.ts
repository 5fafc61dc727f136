// A component's last refused number field: the message that names and quotes the text, kept until
// the component's next accepted change clears it. For forms with one message line; the drift
// choice, which names the refusal under the row it came from, keeps its own.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { readNumberField } from './number-text.ts';

export class NumberRefusal implements ReactiveController {
  /** The refused text, named and quoted; null when the last change was accepted. */
  message: string | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Nothing to set up; TypeScript takes a class with none of the hooks for no controller at all. */
  hostConnected(): void {}

  /** The field's number; null when its text is none, which is then named and the field reset to `inUse`. */
  read(label: string, input: HTMLInputElement, inUse: number): number | null {
    const read = readNumberField(label, input, inUse);
    if (read.ok) return read.value;
    this.message = read.message;
    this.host.requestUpdate();
    return null;
  }

  /** An accepted change is newer than any earlier refusal. */
  clear(): void {
    if (this.message === null) return;
    this.message = null;
    this.host.requestUpdate();
  }
}
