import { describe, expect, it } from 'vitest';
import { windowPosition } from '../../main/app/window-position';

const size = { width: 400, height: 300 };
const fullHd = { x: 0, y: 0, width: 1920, height: 1080 };

describe('windowPosition', () => {
  it('centres the window when the tray gives no bounds (Linux reports zeros)', () => {
    expect(windowPosition({ x: 0, y: 0, width: 0, height: 0 }, fullHd, size, 'linux')).toEqual({ x: 760, y: 390 });
    expect(windowPosition(null, { x: 1920, y: 0, width: 1280, height: 1024 }, size, 'win32')).toEqual({ x: 2360, y: 362 });
  });

  it('opens under the macOS menu bar icon, centred on it', () => {
    const workArea = { x: 0, y: 25, width: 1440, height: 875 };
    expect(windowPosition({ x: 1000, y: 0, width: 22, height: 24 }, workArea, size, 'darwin')).toEqual({ x: 811, y: 31 });
  });

  it('keeps the window on screen when the icon is near the right edge', () => {
    const workArea = { x: 0, y: 25, width: 1440, height: 875 };
    expect(windowPosition({ x: 1420, y: 0, width: 20, height: 24 }, workArea, size, 'darwin')).toEqual({ x: 1040, y: 31 });
  });

  it('opens above a Windows taskbar at the bottom', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(windowPosition({ x: 1700, y: 1044, width: 24, height: 32 }, workArea, size, 'win32')).toEqual({ x: 1512, y: 734 });
  });

  it('opens beside a taskbar on the left or right', () => {
    expect(windowPosition({ x: 1890, y: 900, width: 30, height: 30 }, { x: 0, y: 0, width: 1880, height: 1080 }, size, 'win32')).toEqual({
      x: 1474,
      y: 765,
    });
    expect(windowPosition({ x: 5, y: 100, width: 30, height: 30 }, { x: 40, y: 0, width: 1880, height: 1080 }, size, 'win32')).toEqual({
      x: 46,
      y: 0,
    });
  });

  it('uses the notification corner when a Windows tray icon lies inside the work area', () => {
    expect(windowPosition({ x: 900, y: 500, width: 24, height: 24 }, fullHd, size, 'win32')).toEqual({ x: 1514, y: 774 });
  });

  it('opens below a Linux top-panel icon inside the work area, above one in the lower half', () => {
    expect(windowPosition({ x: 1800, y: 4, width: 24, height: 24 }, fullHd, size, 'linux')).toEqual({ x: 1520, y: 34 });
    expect(windowPosition({ x: 900, y: 1050, width: 24, height: 24 }, fullHd, size, 'linux')).toEqual({ x: 712, y: 744 });
  });

  it('pins a window larger than the work area to its top-left', () => {
    expect(windowPosition(null, { x: 10, y: 20, width: 300, height: 200 }, size, 'linux')).toEqual({ x: 10, y: 20 });
  });
});
