// Each area of the app is its own chunk, fetched the first time someone opens it: the sign-in page and the shell load
// only what they need. An area's route table (its own `routes.tsx`, with paths from the root such as 'expenses/claims/:id')
// is mounted under its prefix ('expenses/*') and matched there with the prefix taken off.
import { Center } from '@mantine/core';
import { lazy, Suspense, type ComponentType } from 'react';
import { useRoutes, type RouteObject } from 'react-router';
import { NotFound } from './NotFound';
import { Loading } from '../components/Loading';

/** 'expenses/claims/:id' under 'expenses' → 'claims/:id'; the area's own front page becomes its index route. */
export function underPrefix(prefix: string, routes: RouteObject[]): RouteObject[] {
  const out: RouteObject[] = [];
  for (const r of routes) {
    if (r.index || r.path === undefined) {
      out.push(r);
    } else if (r.path === prefix) {
      // A layout with children (settings) stays a pathless layout; a plain page becomes the index.
      out.push(r.children ? ({ ...r, path: undefined } as RouteObject) : ({ ...r, path: undefined, index: true } as RouteObject));
    } else if (r.path.startsWith(`${prefix}/`)) {
      out.push({ ...r, path: r.path.slice(prefix.length + 1) } as RouteObject);
    }
  }
  return [...out, { path: '*', element: <NotFound /> }];
}

function AreaLoading() {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loading label="Opening this part of the app…" size="sm" />
    </Center>
  );
}

/** A route for `prefix/*` whose screens are loaded on first visit. `load` gives the route tables the area mounts. */
export function lazyArea(prefix: string, load: () => Promise<RouteObject[][]>): RouteObject {
  const Area = lazy(async (): Promise<{ default: ComponentType }> => {
    const routes = underPrefix(prefix, (await load()).flat());
    return { default: () => useRoutes(routes) };
  });
  return {
    path: `${prefix}/*`,
    element: (
      <Suspense fallback={<AreaLoading />}>
        <Area />
      </Suspense>
    ),
  };
}
