// The imported wiki audit in storage: one record, replaced by the next import.
import type { OrgAudit } from '@/utils/protocol/org-audit';
import { isOrgAudit } from '@/utils/protocol/org-audit';
import { AUDIT_KEY } from './schema';
import type { Store } from './store';

export async function getOrgAudit(store: Store): Promise<OrgAudit | null> {
  const found = await store.read(['audits'], (tx) => tx.get('audits', AUDIT_KEY));
  return isOrgAudit(found) ? found : null;
}

export async function putOrgAudit(store: Store, audit: OrgAudit): Promise<void> {
  await store.write(['audits'], (tx) => tx.put('audits', audit, AUDIT_KEY));
}

export async function removeOrgAudit(store: Store): Promise<void> {
  await store.write(['audits'], (tx) => tx.delete('audits', AUDIT_KEY));
}
