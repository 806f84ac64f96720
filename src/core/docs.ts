/** Where each rule is documented. Findings, SARIF `helpUri` and the editor's code links point here. */
export const REPOSITORY_URL = 'https://github.com/twelve-factor-coach/twelve-factor-coach';

/** The anchor GitHub gives the rule's heading in docs/rules.md. */
export function ruleAnchor(ruleId: string): string {
  return ruleId.replace(/[^a-z0-9-]/g, '');
}

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules.md#${ruleAnchor(ruleId)}`;
}
