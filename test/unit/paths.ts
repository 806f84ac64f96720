import * as path from 'path';

/** The repository root: TF_ROOT when the tests were bundled elsewhere (scripts/quick-test.js). */
export const ROOT = process.env.TF_ROOT ?? path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
