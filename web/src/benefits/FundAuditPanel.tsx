import { Alert, Flex, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BenefitFigures } from './BenefitFigures.js';
import { FundAuditBatches } from './FundAuditBatches.js';
import { FundAuditPayments } from './FundAuditPayments.js';

type Section = 'payments' | 'batches' | 'figures';

/**
 * /benefits/fundAudit: the funds auditor's read-only view (benefit.audit): every payment with
 * its trail, the batches with their reconciliation, and the figures per township and program.
 * Nothing here changes anything; the server refuses any change from this role anyway.
 */
export function FundAuditPanel() {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('payments');
  const [batchId, setBatchId] = useState<string>();
  return (
    <Flex vertical gap="middle" data-testid="benefits-fundAudit">
      <Alert type="info" showIcon title={t('benefits.fundAudit.intro')} />
      <Segmented<Section>
        value={section}
        onChange={setSection}
        options={(['payments', 'batches', 'figures'] as const).map((s) => ({
          value: s,
          label: <span data-testid={`fund-audit-section-${s}`}>{t(`benefits.fundAudit.sections.${s}`)}</span>,
        }))}
      />
      {section === 'payments' && <FundAuditPayments batchId={batchId} onClearBatch={() => setBatchId(undefined)} />}
      {section === 'batches' && (
        <FundAuditBatches
          onPayments={(id) => {
            setBatchId(id);
            setSection('payments');
          }}
        />
      )}
      {section === 'figures' && <BenefitFigures />}
    </Flex>
  );
}
