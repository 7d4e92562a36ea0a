import type { Command } from '../context';
import { ls } from './ls';
import { who } from './who';

export const COMMANDS: Command[] = [ls, who];
