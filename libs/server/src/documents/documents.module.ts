import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { createEvidenceStorage, EvidenceStorage } from '../evidence/evidence-storage';
import { DocumentFiles } from './document-files';
import { DOCUMENT_WORKER_FILE, DocumentWorkers } from './document-workers';

/**
 * Files and the work on them: the object storage (evidence and uploaded workbooks share it), the
 * uploaded workbooks kept as they came, and the threads that read and write workbooks and PDFs.
 * One of each per process, shared by every feature.
 */
@Global()
@Module({})
export class DocumentsModule {
  static forRoot(): DynamicModule {
    return {
      module: DocumentsModule,
      providers: [
        // The entry point exporting every task by name; `.ts` from source, `.js` once built.
        { provide: DOCUMENT_WORKER_FILE, useValue: require.resolve('../document-tasks.worker') },
        DocumentWorkers,
        { provide: EvidenceStorage, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createEvidenceStorage(config.evidence.storage) },
        DocumentFiles,
      ],
      exports: [DocumentWorkers, EvidenceStorage, DocumentFiles],
    };
  }
}
