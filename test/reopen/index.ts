/** The mocha entry for the suite that opens one workspace in two sessions: the same runner as the main suite. */
export { run } from '../integration/index';
