import { runCommand } from '../run-command';
import { who } from '../commands/who';
import { main } from '../main';

// dist/cli-who.js: `who` alone, so its start does not parse and initialise every other command.
main((argv, ctx) => runCommand(who, argv.slice(1), ctx));
