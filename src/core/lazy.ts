/**
 * Libraries loaded on first use rather than when the extension loads. Their module code (the YAML
 * parser's above all) would otherwise count toward the extension's activation, for work that many
 * sessions never do: a `.twelve-factor.yml` to read, a custom pattern to check, a YAML or `.env`
 * file to parse. esbuild still bundles them; only their initialisation waits for the first call.
 */
export const yamlLib = (): typeof import('yaml') => require('yaml');
export const safeRegex = (re: RegExp): boolean => (require('safe-regex2') as typeof import('safe-regex2'))(re);
export const parseDotenv = (text: string): Record<string, string> => (require('dotenv') as typeof import('dotenv')).parse(text);
