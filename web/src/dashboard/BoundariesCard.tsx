import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, List, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { clearCache } from '../api/cache.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { type BoundaryUploadResult, dashboardApi } from './dashboardApi.js';

/** Largest file the browser sends (the server's limit is the same). */
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * The county administrator's upload of township (and village) boundaries: a GeoJSON file whose
 * features name their unit by division code or exact name. The server stores all or nothing and
 * names each bad feature; those messages are listed here.
 */
export function BoundariesCard({ onUploaded }: { onUploaded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [property, setProperty] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BoundaryUploadResult>();
  const [problems, setProblems] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<string>();

  const send = async (file: File) => {
    setResult(undefined);
    setProblems([]);
    setRefusal(undefined);
    if (file.size > MAX_BYTES) {
      setRefusal(t('dashboard.boundaries.tooLarge', { mb: MAX_BYTES / 1024 / 1024 }));
      return;
    }
    let collection: unknown;
    try {
      collection = JSON.parse(await file.text());
    } catch {
      setRefusal(t('dashboard.boundaries.notJson', { file: file.name }));
      return;
    }
    if (collection && typeof collection === 'object' && !('name' in collection))
      (collection as Record<string, unknown>).name = file.name;
    setBusy(true);
    try {
      const r = await dashboardApi.uploadBoundaries(collection, property.trim() || undefined);
      setResult(r);
      clearCache();
      void message.success(t('dashboard.boundaries.done', { townships: r.townships, villages: r.villages }));
      onUploaded();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        setRefusal(err.message);
        setProblems(err.problems.map((p) => p.message));
      } else {
        showError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('dashboard.boundaries.title')} data-testid="boundaries-card">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('dashboard.boundaries.help')}
        </Typography.Paragraph>
        <Flex gap={8} wrap align="center">
          <Input
            value={property}
            onChange={(e) => setProperty(e.target.value)}
            placeholder={t('dashboard.boundaries.property')}
            style={{ width: 260 }}
            data-testid="boundaries-property"
          />
          <Upload
            accept=".geojson,.json,application/geo+json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy} data-testid="boundaries-upload">
              {t('dashboard.boundaries.upload')}
            </Button>
          </Upload>
        </Flex>
        {result && (
          <Alert
            type="success"
            showIcon
            title={t('dashboard.boundaries.done', { townships: result.townships, villages: result.villages })}
          />
        )}
        {refusal && (
          <Alert
            type="error"
            showIcon
            title={refusal}
            description={
              problems.length > 1 ? (
                <List
                  size="small"
                  dataSource={problems}
                  renderItem={(p) => <List.Item style={{ padding: '2px 0' }}>{p}</List.Item>}
                  data-testid="boundaries-problems"
                />
              ) : undefined
            }
          />
        )}
      </Flex>
    </Card>
  );
}
