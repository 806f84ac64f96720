/** The mocha entry for the suite that runs in an untrusted workspace: the same runner as the main suite. */
export { run } from '../integration/index';
