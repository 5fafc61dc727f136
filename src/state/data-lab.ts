// The Data view's controller: takes a person's images (a folder with one subfolder per class,
// files picked per class, webcam bursts), decodes them in a worker a batch at a time, keeps the
// small RGB copies per class, and switches the Lab to the split dataset and back. Bad input is
// noted by name with what was done; nothing already in the pool is ever dropped by a failure.
import { decodeFiles, spawnDecoder, type DecoderRemote } from '../data/decode-client.ts';
import { DEFAULT_LIMITS, type PreparedImage } from '../data/prepare-image.ts';
import { checkClasses, classNameProblem, cleanClassName, MAX_CLASSES, placeByFolder, type SkipNote } from '../data/folder-rules.ts';
import { buildOwnDataset, type PoolImage } from '../data/own-dataset.ts';
import { FrameGapMonitor } from './frame-gap-monitor.ts';
import { switchText, type DatasetLab } from './dataset-lab.ts';
import { initialDataState, parseDataSettings, type DataSettings, type DataState, type OwnClass, type OwnImage } from './data-state.ts';
import { openCamera } from './serve-camera.ts';
import { Store } from './store.ts';

/** A file to add and where it came from ("pets/cat/1.jpg" for a folder, the name otherwise). */
export interface IncomingFile {
  path: string;
  blob: Blob;
}

/** The model's input size, the same as the shipped set's. */
export const IMAGE_SIZE = 64;
/** Files per trip to the decoding worker: progress moves often, the page stays free. */
const DECODE_BATCH = 16;
/** 20,000 images x 12,288 bytes (64 x 64 x 3) = 234 MiB of pixels, plus one packed copy when used. */
export const MAX_POOL_IMAGES = 20_000;
/** Webcam burst: a frame every this many ms while the key or button is held. */
const BURST_INTERVAL_MS = 120;
const BURST_MAX_FRAMES = 300;

export class DataLab {
  readonly store = new Store<DataState>(initialDataState());
  private decoder: DecoderRemote | null = null;
  private readonly frames = new FrameGapMonitor();
  private captureStop = false;
  private captureCount = 0;

  constructor(private readonly datasets: Pick<DatasetLab, 'use' | 'settled' | 'lastSwitch'>) {}

  private get state(): DataState {
    return this.store.state;
  }

  get imageCount(): number {
    return this.state.classes.reduce((n, c) => n + c.images.length, 0);
  }

  private worker(): DecoderRemote {
    this.decoder ??= spawnDecoder().remote;
    return this.decoder;
  }

  updateSettings(raw: Partial<Record<keyof DataSettings, unknown>>): void {
    const { settings, errors } = parseDataSettings(raw, this.state.settings);
    const remaining = { ...this.state.errors };
    for (const key of Object.keys(raw) as (keyof DataSettings)[]) delete remaining[key];
    this.store.set({ settings, errors: { ...remaining, ...errors } });
  }

  /** A dropped or picked folder: one subfolder per class. */
  async addFolder(files: IncomingFile[]): Promise<void> {
    if (files.length === 0) {
      this.store.set({ message: { kind: 'error', text: 'No files arrived: the folder was empty, or what was dropped was not files. Drop or pick a folder with one subfolder of images per class. Nothing was changed.' } });
      return;
    }
    const { placed, skipped, root } = placeByFolder(files.map((f) => f.path));
    if (root && this.imageCount === 0) this.store.set({ name: root });
    await this.load(placed.map((p) => ({ className: p.className, file: files[p.index]! })), skipped, root ? `folder "${root}"` : 'the folder');
  }

  /** Files picked for one class (created when new). */
  async addFiles(className: string, files: IncomingFile[]): Promise<void> {
    const name = cleanClassName(className);
    await this.load(files.map((file) => ({ className: name, file })), [], `${files.length} file${files.length === 1 ? '' : 's'} for "${name}"`);
  }

  addClass(name: string): boolean {
    const problem = classNameProblem(name, this.state.classes.map((c) => c.name));
    if (problem) {
      this.store.set({ message: { kind: 'error', text: problem } });
      return false;
    }
    this.store.set({ classes: [...this.state.classes, { name: cleanClassName(name), images: [] }], message: null });
    return true;
  }

  removeClass(name: string): void {
    this.store.set({ classes: this.state.classes.filter((c) => c.name !== name), message: { kind: 'info', text: `Removed class "${name}".` } });
  }

  removeImage(className: string, id: string): void {
    this.store.set({ classes: this.state.classes.map((c) => (c.name === className ? { ...c, images: c.images.filter((i) => i.id !== id) } : c)) });
  }

  /** Empties the pool and the "Left out" list (the dataset in use stays until another is used). */
  clear(): void {
    this.store.set({ classes: [], skipped: [], lastLoad: null, message: null, name: 'my images' });
  }

  private async load(jobs: { className: string; file: IncomingFile }[], preSkipped: SkipNote[], what: string): Promise<void> {
    if (this.state.loading) {
      this.store.set({ message: { kind: 'error', text: 'Images are still loading: wait for them before adding more.' } });
      return;
    }
    const notes: SkipNote[] = [...preSkipped];
    const existing = this.state.classes.map((c) => c.name);
    const known = new Set(existing);
    const refusedClasses = new Set<string>();
    for (const { className } of jobs) {
      if (known.has(className) || refusedClasses.has(className)) continue;
      if (known.size >= MAX_CLASSES) refusedClasses.add(className);
      else known.add(className);
    }
    for (const name of refusedClasses) notes.push({ subject: name, reason: `a dataset holds at most ${MAX_CLASSES} classes; this class's files were not loaded`, action: 'refused' });
    let room = MAX_POOL_IMAGES - this.imageCount;
    const accepted: typeof jobs = [];
    for (const job of jobs) {
      if (refusedClasses.has(job.className)) continue;
      if (room <= 0) notes.push({ subject: job.file.path, reason: `the pool holds at most ${MAX_POOL_IMAGES.toLocaleString('en')} images (${((MAX_POOL_IMAGES * IMAGE_SIZE * IMAGE_SIZE * 3) / 2 ** 20).toFixed(0)} MB of pixels); not loaded`, action: 'refused' });
      else {
        accepted.push(job);
        room--;
      }
    }
    // New classes appear at once (empty), in the order the files named them.
    const newClasses = [...known].filter((n) => !existing.includes(n)).map((name): OwnClass => ({ name, images: [] }));
    this.store.set({ classes: [...this.state.classes, ...newClasses], loading: { done: 0, total: accepted.length, what }, message: null });
    const started = performance.now();
    // Frames are timed from the next one on: the task that handed the files over is the
    // browser's (Chromium took 1.7 s to deliver a 2,000-file folder to a bare input's change
    // listener here); the bench reports that gap apart. A hidden tab has no frames: 100 ms at most.
    await new Promise((resolve) => {
      requestAnimationFrame(resolve);
      setTimeout(resolve, 100);
    });
    this.frames.start();
    let added = 0;
    let longestStepMs = 0;
    try {
      for (let start = 0; start < accepted.length; start += DECODE_BATCH) {
        const batch = accepted.slice(start, start + DECODE_BATCH);
        let prepared: PreparedImage[];
        try {
          // Sending is timed too: handing files to a worker is the page's own work.
          const sendStart = performance.now();
          const pending = decodeFiles(this.worker(), batch.map((j) => ({ name: j.file.path, blob: j.file.blob })), IMAGE_SIZE, DEFAULT_LIMITS);
          longestStepMs = Math.max(longestStepMs, performance.now() - sendStart);
          prepared = await pending;
        } catch (err) {
          prepared = batch.map((j) => ({ ok: false, name: j.file.path, reason: `could not be decoded (the decoder failed: ${(err as Error).message})`, action: 'skipped' }));
        }
        const stepStart = performance.now();
        added += this.addPrepared(batch.map((j) => j.className), prepared, 'file', notes);
        this.store.set({ loading: { done: start + batch.length, total: accepted.length, what } });
        longestStepMs = Math.max(longestStepMs, performance.now() - stepStart);
      }
    } finally {
      this.frames.stop();
      const skipped = notes.length;
      this.store.set({
        loading: null,
        skipped: [...this.state.skipped, ...notes],
        lastLoad: { files: jobs.length + preSkipped.length, added, skipped, ms: performance.now() - started, maxFrameGapMs: this.frames.maxGapMs, longestStepMs },
        message: { kind: skipped > 0 ? 'warn' : 'info', text: `Loaded ${added} image${added === 1 ? '' : 's'} from ${what}${skipped > 0 ? `; ${skipped} left out (listed under "Left out")` : ''}.` },
      });
    }
  }

  /** Adds the decoded images to their classes and notes the failures; returns how many were added. */
  private addPrepared(classNames: string[], prepared: PreparedImage[], source: OwnImage['source'], notes: SkipNote[]): number {
    const byClass = new Map<string, OwnImage[]>();
    const hashes = new Map<string, string>();
    for (const c of this.state.classes) for (const image of c.images) hashes.set(image.hash, c.name);
    prepared.forEach((p, i) => {
      if (!p.ok) {
        notes.push({ subject: p.name, reason: p.reason, action: p.action });
        return;
      }
      const className = classNames[i]!;
      const other = hashes.get(p.hash);
      if (other !== undefined && other !== className) {
        notes.push({ subject: p.name, reason: `the same file is also in class "${other}"; kept, and both copies go to one split`, action: 'kept' });
      }
      hashes.set(p.hash, className);
      const list = byClass.get(className) ?? [];
      list.push({ id: p.name, rgb: p.rgb, hash: p.hash, source, width: p.width, height: p.height, format: p.format });
      byClass.set(className, list);
    });
    let added = 0;
    const classes = this.state.classes.map((c) => {
      const more = byClass.get(c.name);
      if (!more) return c;
      added += more.length;
      return { ...c, images: [...c.images, ...more] };
    });
    this.store.set({ classes });
    return added;
  }

  /**
   * Captures webcam frames into `className` (created when new) until stopCapture() or `maxFrames`;
   * each frame takes the same decode path as a file. Resolves with the frames added.
   */
  async startCapture(className: string, maxFrames = BURST_MAX_FRAMES): Promise<number> {
    if (this.state.capturing || this.state.loading) return 0;
    const name = cleanClassName(className);
    if (!this.state.classes.some((c) => c.name === name) && !this.addClass(name)) return 0;
    this.captureStop = false;
    this.store.set({ capturing: name, message: null });
    const notes: SkipNote[] = [];
    let added = 0;
    try {
      const camera = await openCamera();
      try {
        while (!this.captureStop && added + notes.length < maxFrames && this.imageCount < MAX_POOL_IMAGES) {
          const blob = await camera.grab();
          const id = `${name}/webcam ${++this.captureCount}`;
          const prepared = await decodeFiles(this.worker(), [{ name: id, blob }], IMAGE_SIZE, DEFAULT_LIMITS);
          added += this.addPrepared([name], prepared.map((p) => ({ ...p, name: id })), 'webcam', notes);
          if (!this.captureStop) await new Promise((resolve) => setTimeout(resolve, BURST_INTERVAL_MS));
        }
      } finally {
        camera.close();
      }
      this.store.set({ message: { kind: 'info', text: `Captured ${added} webcam frame${added === 1 ? '' : 's'} into "${name}".` } });
    } catch (err) {
      this.store.set({ message: { kind: 'error', text: `${(err as Error).message} Nothing else changed.` } });
    } finally {
      this.store.set({ capturing: null, skipped: [...this.state.skipped, ...notes] });
    }
    return added;
  }

  stopCapture(): void {
    this.captureStop = true;
  }

  /**
   * Splits the pool and makes it the dataset training uses. Classes under the minimum are left
   * out by name; fewer than two usable classes is refused and the dataset in use stays.
   */
  async useOwn(): Promise<boolean> {
    const { classes, settings } = this.state;
    const check = checkClasses(new Map(classes.map((c) => [c.name, c.images.length])), settings.minPerClass);
    const refusedText = check.refused.map((r) => `Class "${r.subject}" refused: ${r.reason}.`).join(' ');
    // "Left out" keeps one line per refused class: the latest verdict.
    const skipped = [...this.state.skipped.filter((n) => !(n.action === 'refused' && classes.some((c) => c.name === n.subject))), ...check.refused];
    if (check.error) {
      this.store.set({ skipped, message: { kind: 'error', text: `${check.error} The dataset in use was not changed.` } });
      return false;
    }
    const images: PoolImage[] = check.accepted.flatMap((name, label) => classes.find((c) => c.name === name)!.images.map((image) => ({ id: image.id, label, rgb: image.rgb, hash: image.hash })));
    const built = buildOwnDataset(this.state.name, check.accepted, images, IMAGE_SIZE, { val: settings.valPercent / 100, test: settings.testPercent / 100 }, settings.seed);
    const { dataset } = built;
    try {
      await this.datasets.settled();
      await this.datasets.use(dataset);
    } catch (err) {
      this.store.set({ skipped, message: { kind: 'error', text: `${(err as Error).message} The dataset in use was not changed.` } });
      return false;
    }
    const counts = `${dataset.train.count} train · ${dataset.val.count} validation · ${dataset.test.count} test`;
    this.store.set({
      skipped,
      active: { name: dataset.name, classNames: dataset.classNames, perClass: built.perClass, duplicates: built.split.duplicates },
      message: { kind: 'info', text: `Training now uses "${dataset.name}": ${check.accepted.length} classes, ${counts} images.${refusedText ? ` ${refusedText}` : ''} ${switchText(this.datasets.lastSwitch.state.change)}` },
    });
    return true;
  }

  /** Switches training back to the shipped dataset (the pool stays). */
  async useShipped(): Promise<boolean> {
    try {
      await this.datasets.settled();
      await this.datasets.use('shipped');
    } catch (err) {
      this.store.set({ message: { kind: 'error', text: `${(err as Error).message} The dataset in use was not changed.` } });
      return false;
    }
    this.store.set({ active: null, message: { kind: 'info', text: `Training uses the shipped dataset again. ${switchText(this.datasets.lastSwitch.state.change)}` } });
    return true;
  }
}
