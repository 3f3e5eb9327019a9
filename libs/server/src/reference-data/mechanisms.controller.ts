import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Im1AvailabilityDto, MechanismDto } from '@pairline/contracts';
import { JOURNEY_TEMPLATES, latestTemplateFor, type JourneyTemplate, type MechanismKey, type ProviderSupplierKey } from '@pairline/domain';
import { RequirePermission } from '../auth/decorators';
import { Db } from '../database/db.service';
import { Page } from '../listing/list-query';
import { Im1AvailabilityEntity, MechanismEntity } from './mechanism.entity';

/** Mechanisms, the IM1 availability matrix and the journey templates: small, global, read whole. */
@ApiTags('reference data')
@RequirePermission('reference.read')
@Controller()
export class MechanismsController {
  constructor(private readonly db: Db) {}

  @Get('mechanisms')
  @ApiOkResponse({ description: 'IM1 APIs and GP Connect capabilities, with their notices' })
  mechanisms(): Promise<Page<MechanismDto>> {
    return this.db.transaction(async (manager) => {
      const rows = await manager.getRepository(MechanismEntity).find({ order: { position: 'ASC' } });
      const items = rows.map((m): MechanismDto => {
        const template = latestTemplateFor(m.key as MechanismKey);
        return { id: m.key as MechanismKey, family: m.family, name: m.name, notice: m.notice, source: m.source, templateKey: template.key, templateVersion: template.version };
      });
      return new Page('mechanisms', items, 0, items.length);
    });
  }

  @Get('im1-availability')
  @ApiOkResponse({ description: 'Which provider supplier offers which IM1 API' })
  availability(): Promise<Page<Im1AvailabilityDto>> {
    return this.db.transaction(async (manager) => {
      const rows = await manager.getRepository(Im1AvailabilityEntity).find({ order: { providerKey: 'ASC', mechanismKey: 'ASC' } });
      const items = rows.map((r): Im1AvailabilityDto => ({ id: `${r.providerKey}:${r.mechanismKey}`, providerSupplierId: r.providerKey as ProviderSupplierKey, mechanismId: r.mechanismKey as MechanismKey, availability: r.availability, note: r.note }));
      return new Page('im1-availability', items, 0, items.length);
    });
  }

  @Get('journey-templates')
  @ApiOkResponse({ description: 'Every journey template version: stages, criteria, artefacts, SLAs' })
  templates(): Page<JourneyTemplate & { id: string }> {
    const items = JOURNEY_TEMPLATES.map((t) => ({ id: `${t.key}@${t.version}`, ...t }));
    return new Page('journey-templates', items, 0, items.length);
  }
}
