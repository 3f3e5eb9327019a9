import { Global, Module, OnApplicationShutdown, Inject, Optional } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';
import { Authenticator } from './authenticator';
import { Passwords } from './passwords';
import { Sessions } from './sessions.service';
import { RedisThrottlerStorage } from './throttler-redis.storage';
import { Totp } from './totp';
import { TotpSecrets } from './totp-secrets';

const THROTTLER_STORAGE = Symbol('THROTTLER_STORAGE');

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Applied only where a controller opts in with ThrottlerGuard (login, password, MFA,
        // invitation links). Named "default" so the 429 carries a plain Retry-After header.
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.auth.loginRateLimitPerMinute, blockDuration: 60_000 }],
        storage: config.queue ? new RedisThrottlerStorage(config.queue.redisUrl, config.queue.prefix) : undefined,
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    Sessions,
    Passwords,
    Totp,
    TotpSecrets,
    Authenticator,
    AuthService,
    { provide: APP_INTERCEPTOR, useClass: AuthInterceptor },
    { provide: THROTTLER_STORAGE, useExisting: ThrottlerStorage },
  ],
  exports: [Sessions, Passwords, Totp, TotpSecrets, AuthService],
})
export class AuthModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(THROTTLER_STORAGE) private readonly storage?: unknown) {}

  onApplicationShutdown(): void {
    if (this.storage instanceof RedisThrottlerStorage) this.storage.disconnect();
  }
}
