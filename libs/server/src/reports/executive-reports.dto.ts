import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class GenerateExecutiveReportBody {
  @ApiPropertyOptional({ description: "Also email the organisation's executives a link to it (as the monthly run does)" })
  @IsOptional()
  @IsBoolean()
  emailExecutives?: boolean;
}
