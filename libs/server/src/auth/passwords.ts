import { Injectable } from '@nestjs/common';
import { PASSWORD_MIN_LENGTH } from '@pairline/contracts';
import { DomainError, loadPasswordChecker, type PasswordContext } from '@pairline/domain';
import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * OWASP's argon2id baseline (19 MiB, 2 passes) raised to 3 passes; ~20 ms here. `algorithm: 2` is
 * Argon2id (the package's `Algorithm` is a const enum, which isolated modules cannot import).
 */
const OPTIONS: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 3, parallelism: 1 };

@Injectable()
export class Passwords {
  /** A real hash of a random password, verified against when the email is unknown, so the time
   *  taken does not reveal whether an account exists. */
  private readonly decoy = hash(`decoy-${Math.random()}`, OPTIONS);

  /** The password policy of `libs/domain` (length, the shipped breached list, guessability, email, current password): 400 naming every reason. */
  async assertAcceptable(password: unknown, context: PasswordContext = {}, field = 'password'): Promise<string> {
    if (typeof password !== 'string') throw new DomainError('invalid', 'weak_password', `${field} must be at least ${PASSWORD_MIN_LENGTH} characters`, { field });
    const problems = (await loadPasswordChecker()).problems(password, context);
    if (problems.length) throw new DomainError('invalid', 'weak_password', `${field} ${problems.join('; ')}.`, { field, problems });
    return password;
  }

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (!passwordHash) {
      await verify(await this.decoy, password).catch(() => false);
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  }
}
