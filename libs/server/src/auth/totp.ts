import { Injectable } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

/** RFC 6238 time-based one-time passwords (what authenticator apps generate). */
@Injectable()
export class Totp {
  newSecret(): string {
    return new Secret({ size: 20 }).base32;
  }

  uri(secret: string, account: string): string {
    return this.totp(secret, account).toString();
  }

  /**
   * The time step a code belongs to (±1 step of clock drift), or null when wrong. Callers refuse a
   * step not newer than the last one used, so an observed code cannot be replayed.
   */
  verify(secret: string, code: string, now = Date.now()): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const delta = this.totp(secret, '').validate({ token: code, timestamp: now, window: 1 });
    return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
  }

  private totp(secret: string, account: string): TOTP {
    return new TOTP({ issuer: 'Pairline', label: account, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
  }
}
