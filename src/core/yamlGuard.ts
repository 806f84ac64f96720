/**
 * The yaml package builds a regular expression per flow-collection level: a few thousand nested
 * `[` or `{` exhaust V8's regex compiler and abort the whole process (the VS Code extension host
 * with it). No real configuration nests that deep, so such a text is refused before it is parsed;
 * the same for a text larger than any real configuration, where parsing takes seconds.
 */

/** Larger than any real compose file or .twelve-factor.yml: the yaml package takes seconds on such texts. */
export const MAX_YAML_BYTES = 256 * 1024;

/** Deeper flow nesting than any real YAML file has. */
export const MAX_YAML_FLOW_DEPTH = 128;

/** The offset where flow collections (`[`, `{`) nest deeper than MAX_YAML_FLOW_DEPTH, or -1. */
export function yamlTooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) { if (++depth > MAX_YAML_FLOW_DEPTH) return i; } // [ {
    else if ((c === 93 || c === 125) && depth > 0) depth--; // ] }
  }
  return -1;
}
