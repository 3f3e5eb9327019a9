import { loadPasswordChecker } from './password-policy';

describe('password policy', () => {
  it('refuses common and breached passwords, guessable patterns, the email and the current password, each in words', async () => {
    const checker = await loadPasswordChecker();
    const context = { email: 'jane.doe@example.org', name: 'Jane Doe', currentPassword: 'correct horse battery staple' };
    expect(checker.problems('password1234', context)).toContain('is on the list of common and breached passwords');
    expect(checker.problems('aaaaaaaaaaaa', context)).toEqual([expect.stringMatching(/^is too easy to guess/)]);
    expect(checker.problems('qwertyuiop12', context)).not.toEqual([]);
    expect(checker.problems('1234567890123', context)).not.toEqual([]);
    expect(checker.problems('jane.doe@example.org', context)).toContain('must not contain your email address');
    expect(checker.problems('Jane.Doe2026!!', context)).not.toEqual([]);
    expect(checker.problems('correct horse battery staple', context)).toEqual(['must differ from the current password']);
    expect(checker.problems('short', context)).toEqual(['must be at least 12 characters']);
  });

  it('accepts a long passphrase and a random password, and scores strength 0–4', async () => {
    const checker = await loadPasswordChecker();
    expect(checker.problems('tangerine cobbled lighthouse ferry', { email: 'jane@example.org' })).toEqual([]);
    expect(checker.problems('Xq7#vL2p!Rz9', {})).toEqual([]);
    expect(checker.strength('aaaaaaaaaaaa').score).toBeLessThan(2);
    expect(checker.strength('tangerine cobbled lighthouse ferry').score).toBe(4);
  });
});
