// The "Add a student" and "Change a student" pages around the shared form.
import { Anchor, Breadcrumbs } from '@mantine/core';
import { useEffect, useState } from 'react';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate, useParams } from 'react-router';
import { useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { StudentForm } from './StudentForm';
import { Loading } from '../components/Loading';

export function StudentNewPage() {
  const navigate = useNavigate();
  return (
    <RequirePermission permission="students.write" title="Add a student">
      <Page title="Add a student">
        <Breadcrumbs>
          <Anchor component={Link} to="/students">
            Students
          </Anchor>
          <span>Add a student</span>
        </Breadcrumbs>
        <StudentForm
          onDone={(s) => {
            notifications.show({ title: 'Student added', message: `${s.firstName} ${s.surname} is now ${s.reference}.`, color: 'calm', withBorder: true });
            navigate(`/students/${s.id}`);
          }}
        />
      </Page>
    </RequirePermission>
  );
}

export function StudentEditPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const student = useApiQuery('students.get', { id }, { quietErrors: true, staleTime: 0 });
  // The record as it was when the form opened: a change from another desk refreshes the query in the background, but
  // the form keeps what the person is typing and the version they started from, so saving over that change is
  // refused with who made it (record.changed), never silently overwritten.
  const [opened, setOpened] = useState<typeof student.data>(undefined);
  useEffect(() => {
    if (student.data && (!opened || opened.id !== student.data.id)) setOpened(student.data);
  }, [student.data, opened]);
  const name = student.data ? `${student.data.firstName} ${student.data.surname}` : 'student';
  return (
    <RequirePermission permission="students.write" title="Change a student’s record">
      <Page title={`Change ${name}’s record`}>
        <Breadcrumbs>
          <Anchor component={Link} to="/students">
            Students
          </Anchor>
          <Anchor component={Link} to={`/students/${id}`}>
            {name}
          </Anchor>
          <span>Change</span>
        </Breadcrumbs>
        {student.isPending && <Loading label="Loading the record" />}
        {student.isError && <ErrorAlert error={student.error} onRetry={() => void student.refetch()} />}
        {opened && (
          <StudentForm
            key={opened.id}
            student={opened}
            onDone={(s) => {
              notifications.show({ title: 'Changes saved', message: `${s.firstName} ${s.surname}’s record is up to date.`, color: 'calm', withBorder: true });
              navigate(`/students/${s.id}`);
            }}
          />
        )}
      </Page>
    </RequirePermission>
  );
}
