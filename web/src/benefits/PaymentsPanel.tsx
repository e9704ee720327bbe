import { Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { AccountSearch } from './AccountSearch.js';
import { BatchList } from './BatchList.js';
import { RecoveryList } from './RecoveryList.js';

/**
 * /benefits/payments: payment batches and recovery cases for the county (benefit.pay), one-card
 * accounts for whoever registers them (benefit.account: village, township, county). See
 * docs/benefits-payments.md.
 */
export function PaymentsPanel() {
  const { t } = useTranslation();
  const { can } = useMe();
  const items = [
    ...(can('benefit.pay')
      ? [{ key: 'batches', label: t('benefits.payments.tabs.batches'), children: <BatchList /> }]
      : []),
    ...(can('benefit.account')
      ? [{ key: 'accounts', label: t('benefits.payments.tabs.accounts'), children: <AccountSearch /> }]
      : []),
    ...(can('benefit.pay')
      ? [{ key: 'recoveries', label: t('benefits.payments.tabs.recoveries'), children: <RecoveryList /> }]
      : []),
  ];
  const [active, setActive] = useState(items[0]?.key);
  return (
    <div data-testid="benefits-payments">
      <Tabs
        activeKey={active}
        onChange={setActive}
        items={items.map((i) => ({ ...i, label: <span data-testid={`payments-tab-${i.key}`}>{i.label}</span> }))}
      />
    </div>
  );
}
