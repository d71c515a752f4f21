// The "Add a student" and "Change a student" pages around the shared form.
import { Anchor, Breadcrumbs } from '@mantine/core';
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
        {student.data && (
          <StudentForm
            key={student.data.version}
            student={student.data}
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
