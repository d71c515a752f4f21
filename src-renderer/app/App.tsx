// Providers every screen relies on: Mantine (theme, notifications), TanStack Query, then the auth gate.
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../api/queryClient';
import { cssVariablesResolver, theme } from '../theme';
import { AuthGate } from './AuthGate';
import { FocusKeeper } from '../components/FocusKeeper';

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" limit={4} />
      <FocusKeeper />
      <QueryClientProvider client={queryClient}>
        <AuthGate />
      </QueryClientProvider>
    </MantineProvider>
  );
}
