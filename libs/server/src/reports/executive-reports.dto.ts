import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { Optional } from '../errors/validation';

export class GenerateExecutiveReportBody {
  @ApiPropertyOptional({ description: "Also email the organisation's executives a link to it (as the monthly run does)" })
  @Optional()
  @IsBoolean()
  emailExecutives?: boolean;
}
