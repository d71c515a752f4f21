// The hash router (file:// in Electron breaks history routing): the app shell, with every area's routes inside it.
import { createHashRouter, Navigate, type RouteObject } from 'react-router';
import { NAV_ITEMS } from './nav';
import { AreaPlaceholder } from './AreaPlaceholder';
import { AppLayout } from './AppLayout';
import { NotFound } from './NotFound';
import { featureRoutes } from './routes';

/** An area with no routes of its own yet shows a calm placeholder saying what will be there. */
function placeholderRoutes(routes: RouteObject[]): RouteObject[] {
  const taken = (segment: string) => routes.some((r) => r.path === segment || r.path?.startsWith(`${segment}/`));
  return NAV_ITEMS.filter((item) => !taken(item.path.slice(1))).map((item) => ({
    path: item.path.slice(1),
    element: <AreaPlaceholder item={item} />,
  }));
}

export const appRoutes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/today" replace /> },
      ...featureRoutes,
      ...placeholderRoutes(featureRoutes),
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const router = createHashRouter(appRoutes);
