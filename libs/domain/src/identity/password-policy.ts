/**
 * Which passwords an account may have (OWASP ASVS 6.2): at least 12 characters, at most 1024; not
 * one of the common or breached passwords shipped with the product (zxcvbn-ts's list of about
 * 30,000, from breach corpora), nor one that is easy to guess from patterns (repeats, sequences,
 * keyboard walks, dictionary words, dates: zxcvbn score below 3), nor the account's email or a
 * password it has now. The same rule scores the strength the web form shows.
 */
export const PASSWORD_MIN_CHARS = 12;
export const PASSWORD_MAX_CHARS = 1024;
/** zxcvbn scores 0–4; 3 is "safely unguessable: moderate protection from offline attacks". */
export const PASSWORD_MIN_SCORE = 3;

export interface PasswordContext {
  readonly email?: string | null;
  readonly name?: string | null;
  readonly currentPassword?: string | null;
}

export interface PasswordStrength {
  /** 0 (too guessable) to 4 (very unguessable). */
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly warning: string | null;
  readonly suggestions: readonly string[];
}

export interface PasswordChecker {
  strength(password: string, context?: PasswordContext): PasswordStrength;
  /** Every reason the password is refused, in words; empty when it is acceptable. */
  problems(password: string, context?: PasswordContext): string[];
}

const contextWords = (context: PasswordContext) =>
  [context.email, context.email?.split('@')[0], context.name, ...(context.name?.split(/\s+/) ?? [])].filter((w): w is string => !!w && w.length >= 3);

let loading: Promise<PasswordChecker> | undefined;

/**
 * The checker, with its dictionaries (about 2 MB) loaded on first use: the web loads them only
 * on a page with a password field, the server once.
 */
export function loadPasswordChecker(): Promise<PasswordChecker> {
  loading ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
    const zxcvbn = new ZxcvbnFactory({ translations: en.translations, graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary, ...en.dictionary } });
    const breached = new Set(common.dictionary['passwords-common'].map((p) => p.toLowerCase()));
    const strength = (password: string, context: PasswordContext = {}): PasswordStrength => {
      const result = zxcvbn.check(password.slice(0, 256), contextWords(context));
      return { score: result.score, warning: result.feedback.warning || null, suggestions: result.feedback.suggestions };
    };
    return {
      strength,
      problems(password, context = {}) {
        if (password.length < PASSWORD_MIN_CHARS) return [`must be at least ${PASSWORD_MIN_CHARS} characters`];
        if (password.length > PASSWORD_MAX_CHARS) return [`is too long (${PASSWORD_MAX_CHARS} characters at most)`];
        const lower = password.toLowerCase();
        const found: string[] = [];
        if (context.currentPassword && password === context.currentPassword) found.push('must differ from the current password');
        if (context.email && (lower.includes(context.email.toLowerCase()) || lower.includes(context.email.toLowerCase().split('@')[0]))) found.push('must not contain your email address');
        if (breached.has(lower)) found.push('is on the list of common and breached passwords');
        const judged = strength(password, context);
        if (found.length === 0 && judged.score < PASSWORD_MIN_SCORE) found.push(`is too easy to guess${judged.warning ? `: ${judged.warning.replace(/\.$/, '')}` : ''}`);
        return found;
      },
    };
  })();
  return loading;
}
