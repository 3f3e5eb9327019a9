import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UserEntity } from './user.entity';

@Injectable()
export class UsersService {
  findByEmail(manager: EntityManager, email: string): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).findOneBy({ email });
  }

  /** `passwordHash` is computed by the caller before its transaction opens (hashing is slow). */
  async insert(manager: EntityManager, input: { email: string; name: string; passwordHash: string }): Promise<UserEntity> {
    return manager.getRepository(UserEntity).save({ email: input.email, name: input.name.trim(), passwordHash: input.passwordHash, passwordChangedAt: new Date(), totpEnabled: false });
  }
}
