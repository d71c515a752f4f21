// The header's "Practise in training" button: asks which size of training database to make (or opens the one already
// made), in this window only; other windows stay signed in to the real database.
import { Button, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { resetCachedData } from '../api/hooks';
import { TrainingChooser } from './TrainingChooser';

export function PractiseInTraining() {
  const [opened, { open, close }] = useDisclosure();
  const queryClient = useQueryClient();
  return (
    <>
      <Button variant="subtle" size="sm" onClick={open}>
        Practise in training
      </Button>
      <Modal opened={opened} onClose={close} title="Practise in the training database" size="md">
        <Text size="sm" mb="md">
          A separate database of fictional people, for practising and showing colleagues. Nothing done there reaches your real records,
          and this window only moves into it: other windows stay where they are.
        </Text>
        <TrainingChooser
          buttonLabel="Open the training database"
          onOpened={async () => {
            close();
            window.location.hash = '#/today';
            await resetCachedData(queryClient);
          }}
        />
      </Modal>
    </>
  );
}
