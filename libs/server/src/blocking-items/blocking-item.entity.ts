import { BLOCKER_PARTIES, BLOCKER_STATUSES, type BlockerParty, type BlockerStatus } from '@pairline/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import { JourneyEntity } from '../journeys/journey.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UserEntity } from '../users/user.entity';

/** An information request (from or to NHS England or the provider) that holds a journey's stage. */
@Entity({ name: 'blocking_item' })
@Check('blocking_item_owed_by_check', `"owed_by" IN (${sqlList(BLOCKER_PARTIES)})`)
@Check('blocking_item_status_check', `"status" IN (${sqlList(BLOCKER_STATUSES)})`)
@Check('blocking_item_resolved_check', `("status" = 'resolved') = ("resolved_on" IS NOT NULL)`)
@Check('blocking_item_dates_check', `("due_on" IS NULL OR "due_on" >= "raised_on") AND ("resolved_on" IS NULL OR "resolved_on" >= "raised_on")`)
@Check('blocking_item_title_check', `btrim("title") <> ''`)
@Index('blocking_item_journey_status_idx', ['journeyId', 'status'])
export class BlockingItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  @ManyToOne(() => JourneyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'journey_id' })
  journey?: JourneyEntity;

  @Column({ name: 'stage_key', type: 'text', nullable: true })
  stageKey!: string | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ name: 'owed_by', type: 'text' })
  owedBy!: BlockerParty;

  @Column({ name: 'raised_on', type: 'date' })
  raisedOn!: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: BlockerStatus;

  @Column({ name: 'resolved_on', type: 'date', nullable: true })
  resolvedOn!: string | null;

  @Index('blocking_item_owner_user_id_idx')
  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: UserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
