// The renderer's API toolkit in one import.
export { call, ApiCallError, isApiCallError, errorMessage, onApiError, refusal } from './client';
export { useApiQuery, useApiMutation, invalidateMethods, resetCachedData, type ApiQueryOptions, type ApiMutationOptions } from './hooks';
export { applyApiErrors, focusFirstError } from './forms';
export { queryClient } from './queryClient';
