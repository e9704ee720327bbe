import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import { feedDb } from './feed.tables.js';
import {
  gbkCsv,
  HOSPITAL_HEADER,
  HOUSING_HEADER,
  HR_HEADER,
  officeXlsx,
  POLICE_HEADER,
  utf8Csv,
} from './fixtures/feeds.js';
import { feedClient, multipart, parse } from './fixtures/feedClient.js';

/**
 * A department's system sends its feed with its own credential (docs/feeds.md): the secret is
 * shown once and never stored, the credential sends its own feed types and nothing else, opens
 * no other route, and is refused once revoked; every step is audited.
 */
let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase();
});
afterAll(async () => t?.close());

const { cookieOf, get, post, dept, auditActions } = feedClient(() => t);

describe('a department sends its feed through the API', () => {
  let secret: string;
  let credentialId: string;

  it('gets a credential whose secret is shown once and never stored', async () => {
    const res = await post('county', '/api/feeds/credentials', {
      departmentCode: 'hospital-rmyy',
      departmentName: '华容县人民医院',
      feedTypes: ['hospital_birth'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    secret = res.body.secret;
    credentialId = res.body.credential.id;
    expect(secret).toMatch(/^rkf_[A-Za-z0-9_-]{32}$/);
    const list = await get('county', '/api/feeds/credentials');
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body[0]).toMatchObject({
      departmentName: '华容县人民医院',
      feedTypes: ['hospital_birth'],
      revokedAt: null,
      secretPrefix: secret.slice(0, 10),
    });
    const row = await feedDb(t.db)
      .selectFrom('feedCredential')
      .selectAll()
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(
      (await auditActions('feed.credential.create')).some(
        (a) => a.objectId === credentialId && !JSON.stringify(a.detail).includes(secret),
      ),
    ).toBe(true);
    expect(
      (
        await post('township', '/api/feeds/credentials', {
          departmentCode: 'x1',
          departmentName: '某部门',
          feedTypes: ['education'],
        })
      ).status,
    ).toBe(403);
    const bad = await post('county', '/api/feeds/credentials', {
      departmentCode: 'X Y',
      departmentName: '某',
      feedTypes: [],
    });
    expect(bad.status).toBe(400);
  });

  it('posts a CSV body of its own type', async () => {
    const data = utf8Csv(HOSPITAL_HEADER, [
      ['Q430000401', '刘一', '男', '2026-03-01', 3400, 39, '华容县人民医院', '王秀英', t.people.ids.wife, '', '', ''],
    ]);
    const res = await dept(secret, '/api/dept/feeds/hospital_birth?fileName=rmyy-0301.csv', data);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.batch).toMatchObject({
      channel: 'api',
      senderCredentialId: credentialId,
      senderName: '华容县人民医院',
      departmentCode: 'hospital-rmyy',
      fileName: 'rmyy-0301.csv',
      recordCount: 1,
    });
    const again = await dept(secret, '/api/dept/feeds/hospital_birth', data);
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('duplicate');
    const audit = (await auditActions('feed.receive')).find((a) => a.objectId === res.body.batch.id);
    expect(audit).toMatchObject({ username: 'dept:hospital-rmyy', userId: null });
    const cred = await feedDb(t.db)
      .selectFrom('feedCredential')
      .select('lastUsedAt')
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow();
    expect(cred.lastUsedAt).not.toBeNull();
  });

  it('posts an XLSX through multipart too, and a bad row is refused in Chinese', async () => {
    const data = await officeXlsx('出生医学证明', HOSPITAL_HEADER, [
      ['Q430000402', '刘二', '不详', '2026-03-02', 3400, 39, '华容县人民医院', '王秀英', t.people.ids.wife, '', '', ''],
    ]);
    const m = multipart({ name: '刘二.xlsx', data }, {});
    const res = parse(
      await t.app.inject({
        method: 'POST',
        url: '/api/dept/feeds/hospital_birth',
        payload: m.payload,
        headers: { authorization: `Bearer ${secret}`, 'content-type': m.contentType },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.problems[0].message).toBe(
      '刘二.xlsx 第 3 行 C 列（性别）：无法识别的性别“不详”，请填写 男/女 或 1/2',
    );
  });

  it('may send no other feed type', async () => {
    const data = utf8Csv(POLICE_HEADER, [
      ['迁入', t.people.ids.husband, '李建国', '', '', '2026-01-02', '', XINPU, ''],
    ]);
    const res = await dept(secret, '/api/dept/feeds/police_hukou', data);
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('不能发送“公安户籍变动”');
    expect((await dept(secret, '/api/dept/feeds/unknown_type', data)).status).toBe(400);
  });

  it('lets the pension office send its deaths, and not the housing bureau’s feed', async () => {
    const cred = await post('county', '/api/feeds/credentials', {
      departmentCode: 'hrss',
      departmentName: '华容县人力资源和社会保障局',
      feedTypes: ['hr_social_security'],
    });
    expect(cred.status, JSON.stringify(cred.body)).toBe(201);
    const hrSecret = cred.body.secret as string;
    const data = gbkCsv(null, HR_HEADER, [
      ['死亡停发', '', t.people.ids.grandmother, '李桂英', '', '2026-10-02', '', '', XINPU, ''],
    ]);
    const res = await dept(hrSecret, '/api/dept/feeds/hr_social_security?fileName=hrss-2026-10.csv&encoding=gbk', data);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.batch).toMatchObject({ channel: 'api', feedType: 'hr_social_security', recordCount: 1 });
    const housing = utf8Csv(HOUSING_HEADER, [['王秀英', t.people.ids.wife, '', XINPU, '2026-03-01', '', '', '']]);
    const denied = await dept(hrSecret, '/api/dept/feeds/housing', housing);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FEED_TYPE_NOT_ALLOWED');
  });

  it('opens no other route, and a session opens not the department API', async () => {
    for (const url of ['/api/persons', '/api/feeds', '/api/feeds/types', '/api/auth/me', '/api/audit']) {
      expect((await dept(secret, url, Buffer.alloc(0), 'text/csv', 'GET')).status, url).toBe(401);
    }
    expect((await dept(secret, '/api/feeds', Buffer.from('x'), 'text/csv')).status).toBe(401);
    const withSession = parse(
      await t.app.inject({
        method: 'POST',
        url: '/api/dept/feeds/hospital_birth',
        payload: Buffer.from('a,b\n'),
        headers: { cookie: await cookieOf('county'), 'content-type': 'text/csv' },
      }),
    );
    expect(withSession.status).toBe(401);
    expect((await dept(null, '/api/dept/feeds/hospital_birth', Buffer.from('a,b\n'))).status).toBe(401);
    expect((await dept('rkf_wrong', '/api/dept/feeds/hospital_birth', Buffer.from('a,b\n'))).status).toBe(401);
  });

  it('is refused once revoked', async () => {
    const res = await post('county', `/api/feeds/credentials/${credentialId}/revoke`);
    expect(res.status).toBe(200);
    expect(res.body.revokedAt).not.toBeNull();
    const data = utf8Csv(HOSPITAL_HEADER, [
      ['Q430000403', '刘三', '男', '2026-03-03', 3400, 39, '华容县人民医院', '王秀英', t.people.ids.wife, '', '', ''],
    ]);
    const after = await dept(secret, '/api/dept/feeds/hospital_birth', data);
    expect(after.status).toBe(401);
    expect(after.body.message).toContain('已吊销');
    expect((await auditActions('feed.credential.revoke')).some((a) => a.objectId === credentialId)).toBe(true);
    expect((await post('county', `/api/feeds/credentials/${credentialId}/revoke`)).status).toBe(400);
  });
});
