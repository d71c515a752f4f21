// Every `scheduling.*` handler in one object; the compiler checks each contract method has exactly one.
import type { HandlersFor } from '../api/handlers';
import { catalogueHandlers } from './catalogue';
import { enrolmentHandlers } from './enrolment';
import { schedulingListHandlers } from './lists';
import { runHandlers } from './runs';
import { viewHandlers } from './views';

export const schedulingHandlers = {
  ...catalogueHandlers,
  ...runHandlers,
  ...enrolmentHandlers,
  ...viewHandlers,
  ...schedulingListHandlers,
} satisfies HandlersFor<'scheduling.'>;
