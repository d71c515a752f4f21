// Add or change a student: every BRIEF field, NHS code lists as selects, the contract's own validation on screen,
// and a clear choice when the core finds a possible duplicate.
import { Alert, Button, Fieldset, Group, List, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  EMPLOYMENT_STATUSES,
  ETHNIC_CATEGORIES,
  GENDER_IDENTITIES,
  REFERRAL_SOURCES,
  SECONDARY_MH_SERVICES,
} from '../../src-main/contract/codes';
import { formatDate } from '../../src-main/contract/dates';
import { formatNhsNumber } from '../../src-main/contract/nhs-number';
import { studentFieldsSchema, type PossibleDuplicate, type StudentDetail, type StudentFieldsInput } from '../../src-main/contract/students';
import { ApiCallError, refusal } from '../api/client';
import { applyApiErrors, focusFirstError } from '../api/forms';
import { useApiMutation } from '../api/hooks';
import { DateField } from '../dates/DateField';

type FormValues = { [K in keyof Required<StudentFieldsInput>]: string };

const EMPTY: FormValues = {
  firstName: '',
  surname: '',
  preferredName: '',
  pronouns: '',
  dateOfBirth: '',
  email: '',
  phone: '',
  addressLine1: '',
  addressLine2: '',
  town: '',
  postcode: '',
  emergencyContactName: '',
  emergencyContactPhone: '',
  emergencyContactRelationship: '',
  supportNeeds: '',
  referralSource: '',
  referralOther: '',
  secondaryMhServices: '',
  ethnicCategory: '',
  genderIdentity: '',
  employmentStatus: '',
  nhsNumber: '',
};

function fromStudent(s: StudentDetail): FormValues {
  const out = { ...EMPTY };
  for (const key of Object.keys(EMPTY) as (keyof FormValues)[]) {
    const v = s[key];
    out[key] = v === null || v === undefined ? '' : key === 'nhsNumber' ? formatNhsNumber(String(v)) : String(v);
  }
  return out;
}

// NHS Data Dictionary codes ("(A)", "(99)") are for the returns, not for staff: the words are enough on screen.
function options(codes: Record<string, string>) {
  return [
    { value: '', label: 'Please choose…', disabled: true },
    ...Object.entries(codes).map(([value, label]) => ({ value, label })),
  ];
}

export function StudentForm({ student, onDone }: { student?: StudentDetail; onDone: (s: StudentDetail) => void }) {
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<{ message: string; matches: PossibleDuplicate[] } | null>(null);
  const form = useForm<FormValues>({
    mode: 'uncontrolled',
    initialValues: student ? fromStudent(student) : EMPTY,
    validate: schemaResolver(studentFieldsSchema, { sync: true }),
    validateInputOnBlur: true,
  });

  const onError = (e: ApiCallError) => {
    const duplicate = refusal(e, 'student.possible-duplicate');
    if (duplicate) {
      setDuplicates({ message: duplicate.message, matches: duplicate.details ?? [] });
      return;
    }
    setFormError(applyApiErrors(form, e));
  };
  const create = useApiMutation('students.create', { invalidate: ['students.'], onSuccess: onDone, onError, handles: ['VALIDATION', 'NEEDS_CONFIRMATION', 'CONFLICT'] });
  const update = useApiMutation('students.update', { invalidate: ['students.'], onSuccess: onDone, onError, handles: ['VALIDATION', 'CONFLICT'] });
  const pending = create.isPending || update.isPending;

  const submit = (values: FormValues, confirmedNotDuplicate = false) => {
    setFormError(null);
    const fields = values as unknown as StudentFieldsInput;
    if (student) update.mutate({ id: student.id, version: student.version, fields });
    else {
      setDuplicates(null);
      create.mutate({ fields, confirmedNotDuplicate });
    }
  };

  const input = (name: keyof FormValues) => ({ ...form.getInputProps(name), key: form.key(name) });

  return (
    <form noValidate onSubmit={form.onSubmit((v) => submit(v), () => focusFirstError())} aria-label={student ? 'Change student record' : 'Add a student'}>
      <Stack gap="lg" maw={900}>
        <Fieldset legend="About them">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="First name" required autoFocus autoComplete="off" {...input('firstName')} />
            <TextInput label="Surname" required autoComplete="off" {...input('surname')} />
            <TextInput label="Preferred name" description="What they like to be called, if different" {...input('preferredName')} />
            <TextInput label="Pronouns" description="For example she/her, they/them" {...input('pronouns')} />
            <DateField label="Date of birth" required {...input('dateOfBirth')} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Contact">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Phone" type="tel" {...input('phone')} />
            <TextInput label="Email" type="email" {...input('email')} />
            <TextInput label="Address line 1" {...input('addressLine1')} />
            <TextInput label="Address line 2" {...input('addressLine2')} />
            <TextInput label="Town" {...input('town')} />
            <TextInput label="Postcode" description="For example SS1 2AB" {...input('postcode')} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Emergency contact">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Name" {...input('emergencyContactName')} />
            <TextInput label="Phone" type="tel" {...input('emergencyContactPhone')} />
            <TextInput label="Relationship" description="For example partner, friend" {...input('emergencyContactRelationship')} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Support and access needs">
          <Textarea
            label="Support and access needs"
            description="Anything that helps them take part: access, communication, what to do if they are unwell"
            autosize
            minRows={2}
            maxRows={8}
            {...input('supportNeeds')}
          />
        </Fieldset>

        <Fieldset legend="How they came to the college">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect label="How they came" required data={options(REFERRAL_SOURCES)} {...input('referralSource')} />
            <TextInput label="Referral details" description="Which organisation, if relevant" {...input('referralOther')} />
            <NativeSelect label="Under secondary mental-health services?" required data={options(SECONDARY_MH_SERVICES)} {...input('secondaryMhServices')} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="About them, for monitoring (NHS Data Dictionary codes)">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect label="Ethnic category" required data={options(ETHNIC_CATEGORIES)} {...input('ethnicCategory')} />
            <NativeSelect label="Gender identity" required data={options(GENDER_IDENTITIES)} {...input('genderIdentity')} />
            <NativeSelect label="Employment status at enrolment" required data={options(EMPLOYMENT_STATUSES)} {...input('employmentStatus')} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="NHS number">
          <TextInput
            label="NHS number"
            description="Optional. 10 digits, spaces are fine: 943 476 5919. Consent to share it is recorded on the student’s page."
            inputMode="numeric"
            autoComplete="off"
            maw={360}
            {...input('nhsNumber')}
          />
        </Fieldset>

        {duplicates && (
          <Alert color="yellow" title="Is this someone the college already knows?" role="alert" data-testid="possible-duplicates">
            <Stack gap="sm">
              <Text>{duplicates.message}</Text>
              <List spacing="xs">
                {duplicates.matches.map((d) => (
                  <List.Item key={d.id}>
                    <Group gap="sm" wrap="wrap">
                      <Text span fw={600}>
                        {d.name} ({d.reference}), born {formatDate(d.dateOfBirth)}
                      </Text>
                      <Text span size="sm">
                        — {d.why}
                      </Text>
                      <Button size="compact-sm" variant="default" onClick={() => navigate(`/students/${d.id}`)}>
                        Open {d.name}’s record instead
                      </Button>
                    </Group>
                  </List.Item>
                ))}
              </List>
              <Group>
                <Button color="calm" onClick={() => submit(form.getValues(), true)} loading={pending}>
                  This is a different person — add anyway
                </Button>
                <Button variant="default" onClick={() => setDuplicates(null)}>
                  Go back and check
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {formError && (
          <Alert color="red" role="alert" title="Not saved yet">
            {formError}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={pending}>
            {student ? 'Save changes' : 'Add student'}
          </Button>
          <Button variant="default" onClick={() => navigate(student ? `/students/${student.id}` : '/students')}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
