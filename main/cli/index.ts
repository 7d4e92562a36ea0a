import { main } from './main';
import { runCli } from './run';

// Every command (dist/cli.js). bin/portwarden.js sends the quick ones to their own bundles (entries/).
main(runCli);
