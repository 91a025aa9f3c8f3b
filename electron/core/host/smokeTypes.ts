import type { DoctorTaskView } from '../../common/ipc';
import type { ModelTask } from '../models/manifest';
import type { TaskTypes } from './protocol';

/**
 * The `smoke` host task's types (`sightline doctor`), apart from its implementation so that callers in the main
 * process take on the types without loading the model code.
 */
export interface SmokeRequest {
  /** Only these tasks (default: every task the pack fills). */
  readonly tasks?: readonly ModelTask[];
}

declare module './protocol' {
  interface HostTasks {
    smoke: TaskTypes<SmokeRequest, DoctorTaskView[]>;
  }
}
