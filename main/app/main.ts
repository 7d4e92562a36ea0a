// PLACEHOLDER: minimal tray, replaced by the tray-app issue.
import { app, Tray, nativeImage } from 'electron';
app.whenReady().then(() => {
  new Tray(nativeImage.createEmpty());
});
