import { Injectable } from '@nestjs/common';
import { PASSWORD_MIN_LENGTH } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
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

  assertAcceptable(password: unknown, field = 'password'): asserts password is string {
    if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH) {
      throw new DomainError('invalid', 'weak_password', `${field} must be at least ${PASSWORD_MIN_LENGTH} characters`, { field });
    }
    if (password.length > 1024) throw new DomainError('invalid', 'weak_password', `${field} is too long (1024 characters at most)`, { field });
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
