import { runCommand } from '../run-command';
import { ls } from '../commands/ls';
import { main } from '../main';

// dist/cli-ls.js: `ls` alone, so its start does not parse and initialise every other command.
main((argv, ctx) => runCommand(ls, argv.slice(1), ctx));
