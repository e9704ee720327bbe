import { createContext, useContext } from 'react';
import type { Me, Permission } from '../api/types.js';

export type MeContextValue = {
  me: Me | null;
  /** Replaces the current user (after login, password change or logout). */
  setMe: (me: Me | null) => void;
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
};

export const MeContext = createContext<MeContextValue | null>(null);

/** The logged-in user; only used inside the shell, where there always is one. */
export function useMe(): MeContextValue & { me: Me; can: (permission: Permission) => boolean } {
  const value = useContext(MeContext);
  if (!value || !value.me) throw new Error('useMe outside a logged-in shell');
  const me = value.me;
  return { ...value, me, can: (permission) => me.permissions.includes(permission) };
}

export function useSession(): MeContextValue {
  const value = useContext(MeContext);
  if (!value) throw new Error('useSession outside MeContext');
  return value;
}
