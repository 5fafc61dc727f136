// Webcam frames as image Blobs (getUserMedia -> video -> canvas): one frame for Serve's Try it,
// or an open camera for a burst (Data view). Denial and missing cameras become messages a person
// can act on.

export interface OpenCamera {
  /** The current frame as a PNG Blob. */
  grab(): Promise<Blob>;
  /** Releases the camera (the light goes off). */
  close(): void;
}

/** Opens the default camera; rejects with a readable message. */
export async function openCamera(): Promise<OpenCamera> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser gives no camera access here (getUserMedia is unavailable; it needs https or localhost).');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: false });
  } catch (err) {
    const name = (err as DOMException).name;
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new Error('Camera access was denied: allow the camera for this page, or pick an image file instead.');
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new Error('No camera was found: pick an image file instead.');
    throw new Error(`The camera could not be opened (${name}: ${(err as Error).message}).`);
  }
  const close = () => {
    for (const track of stream.getTracks()) track.stop();
  };
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    // The first frames of some cameras are black while exposure settles; wait for real data.
    if (video.readyState < 2) await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
    const canvas = new OffscreenCanvas(video.videoWidth || 320, video.videoHeight || 240);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('Could not read the camera frame (no 2D canvas).');
    return {
      grab: async () => {
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
        return canvas.convertToBlob({ type: 'image/png' });
      },
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}

/** One frame from the default camera as a PNG Blob, releasing the camera at once. */
export async function grabWebcamFrame(): Promise<Blob> {
  const camera = await openCamera();
  try {
    return await camera.grab();
  } finally {
    camera.close();
  }
}
