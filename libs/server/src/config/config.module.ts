import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from './app-config';
import { SecretKeys } from './secret-keys';

/** Makes the configuration validated at boot injectable as `@Inject(APP_CONFIG)`, and the keys it names as `SecretKeys`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, SecretKeys],
      exports: [APP_CONFIG, SecretKeys],
    };
  }
}
