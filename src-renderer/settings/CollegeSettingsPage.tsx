// The college's settings (managers): name, idle lock, completion threshold, wellbeing scale and meaningful change.
import { Alert, Button, NativeSelect, NumberInput, Stack, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { settingsUpdateSchema, WELLBEING_SCALES, type Settings } from '../../src-main/contract/staff';
import { applyApiErrors, focusFirstError } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { SetupChecklistSettings } from '../setup/SetupChecklist';
import { Loading } from '../components/Loading';

export function CollegeSettingsPage() {
  return (
    <RequirePermission permission="settings.manage" title="College settings">
      <CollegeSettingsInner />
    </RequirePermission>
  );
}

function CollegeSettingsInner() {
  const settings = useApiQuery('settings.get', {}, { quietErrors: true, staleTime: 0 });
  return (
    <Page title="College settings">
      {settings.isPending && <Loading label="Loading settings" />}
      {settings.isError && <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />}
      {settings.data && <SettingsForm settings={settings.data} />}
      <SetupChecklistSettings />
    </Page>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Settings>({ mode: 'uncontrolled', initialValues: settings, validate: schemaResolver(settingsUpdateSchema, { sync: true }) });
  const save = useApiMutation('settings.update', {
    invalidate: ['settings.', 'auth.status'],
    onSuccess: () => notifications.show({ title: 'Settings saved', message: 'The new settings apply straight away.', color: 'calm', withBorder: true }),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  const num = (name: keyof Settings) => ({ ...form.getInputProps(name), key: form.key(name) });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        setFormError(null);
        save.mutate(v);
      }, () => focusFirstError())}
    >
      <Stack maw={520}>
        <TextInput label="College name" required {...num('collegeName')} />
        <NumberInput clampBehavior="none" label="Lock the desk after this many idle minutes" description="Between 1 and 240. Shorter is safer on shared office PCs." min={1} max={240} allowDecimal={false} required {...num('idleLockMinutes')} />
        <NumberInput
          clampBehavior="none"
          label="Completion threshold (%)"
          description="A student completes a course run by attending at least this share of its held sessions."
          min={1}
          max={100}
          allowDecimal={false}
          suffix="%"
          required
          {...num('completionThresholdPercent')}
        />
        <NumberInput clampBehavior="none" label="Minimum enrolment for a run to go ahead" description="Today lists course runs starting in the next two weeks with fewer students enrolled than this. 0 turns the reminder off." min={0} max={500} allowDecimal={false} required {...num('minimumEnrolment')} />
        <NativeSelect label="Wellbeing questionnaire" data={WELLBEING_SCALES.map((s) => ({ value: s, label: s === 'SWEMWBS' ? 'SWEMWBS (7 items)' : 'WEMWBS (14 items)' }))} required {...num('wellbeingScale')} />
        <NumberInput clampBehavior="none" label="Meaningful change on SWEMWBS (metric points)" min={0.5} max={10} step={0.5} decimalScale={2} required {...num('meaningfulChangeSwemwbs')} />
        <NumberInput clampBehavior="none" label="Meaningful change on WEMWBS (points)" min={1} max={20} step={1} decimalScale={2} required {...num('meaningfulChangeWemwbs')} />
        {formError && <Alert color="red" role="alert">{formError}</Alert>}
        <Button type="submit" loading={save.isPending} w="fit-content">
          Save settings
        </Button>
      </Stack>
    </form>
  );
}
