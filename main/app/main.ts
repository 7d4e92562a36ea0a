// Entry point of the Electron main process (bundled to dist/main.js).
import { runApp } from './app';

runApp();
