// Where the inspector opens: next to the tray icon, on the side of the screen the tray is on,
// inside the work area. Facts come in as arguments (menubar's getWindowPosition reads `screen`
// and `process.platform` itself and so cannot be tested).

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Gap between the tray (or screen edge) and the window. */
const GAP = 6;

export function windowPosition(
  trayBounds: Rect | null | undefined,
  workArea: Rect,
  size: Size,
  platform: NodeJS.Platform,
): { x: number; y: number } {
  // Linux (StatusNotifierItem) usually reports all zeros, some Windows setups too: no anchor.
  if (!trayBounds || trayBounds.width <= 0 || trayBounds.height <= 0) return centred(workArea, size);

  const trayCentreX = trayBounds.x + trayBounds.width / 2;
  const trayCentreY = trayBounds.y + trayBounds.height / 2;
  const waRight = workArea.x + workArea.width;
  const waBottom = workArea.y + workArea.height;

  let x: number;
  let y: number;
  if (trayBounds.y + trayBounds.height <= workArea.y) {
    // A bar above the work area: the macOS menu bar, a top panel.
    x = trayCentreX - size.width / 2;
    y = workArea.y + GAP;
  } else if (trayBounds.y >= waBottom) {
    // A taskbar below: Windows' default.
    x = trayCentreX - size.width / 2;
    y = waBottom - size.height - GAP;
  } else if (trayBounds.x >= waRight) {
    x = waRight - size.width - GAP;
    y = trayCentreY - size.height / 2;
  } else if (trayBounds.x + trayBounds.width <= workArea.x) {
    x = workArea.x + GAP;
    y = trayCentreY - size.height / 2;
  } else if (platform === 'win32') {
    // The tray sits inside the work area (an overflow flyout, an auto-hiding taskbar): the
    // notification corner is where Windows users look.
    x = waRight - size.width - GAP;
    y = waBottom - size.height - GAP;
  } else {
    // Inside the work area (some Linux panels, macOS with an auto-hiding menu bar): open below
    // the icon when it is in the upper half, above it otherwise.
    x = trayCentreX - size.width / 2;
    y = trayCentreY < workArea.y + workArea.height / 2 ? trayBounds.y + trayBounds.height + GAP : trayBounds.y - size.height - GAP;
  }
  return clamp({ x, y }, workArea, size);
}

function centred(workArea: Rect, size: Size): { x: number; y: number } {
  return clamp({ x: workArea.x + (workArea.width - size.width) / 2, y: workArea.y + (workArea.height - size.height) / 2 }, workArea, size);
}

/** Keeps the window inside the work area; a window larger than the area is pinned to its top-left. */
function clamp(p: { x: number; y: number }, workArea: Rect, size: Size): { x: number; y: number } {
  const maxX = workArea.x + workArea.width - size.width;
  const maxY = workArea.y + workArea.height - size.height;
  return {
    x: Math.round(Math.max(workArea.x, Math.min(p.x, maxX))),
    y: Math.round(Math.max(workArea.y, Math.min(p.y, maxY))),
  };
}
