import { z } from 'zod';

export const Role = z.enum([
  'village_worker',
  'township_officer',
  'county_statistician',
  'county_admin',
  'security_admin',
  'audit_admin',
  'benefit_auditor',
  'health_worker',
  'case_officer',
]);

export const LoginRequest = z.object({
  username: z.string().min(1).max(64).describe('用户名'),
  password: z.string().min(1).max(128).describe('密码'),
});

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  unit: z.object({ id: z.string(), name: z.string(), level: z.string() }),
  isDemo: z.boolean().describe('演示账户'),
  mustChangePassword: z.boolean(),
  permissions: z.array(z.string()),
});
export type Me = z.infer<typeof Me>;

export const CreateUserRequest = z.object({
  username: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, '用户名为3到32位小写字母、数字、点、下划线或连字符')
    .describe('用户名'),
  displayName: z.string().trim().min(1).max(64).describe('姓名'),
  unitId: z.string().min(1).describe('所属单位代码'),
  role: Role,
});

export const UpdateUserRequest = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  unitId: z.string().min(1).optional(),
  role: Role.optional(),
  disabled: z.boolean().optional(),
});

export const UserListItem = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  unit: z.object({ id: z.string(), name: z.string() }),
  disabled: z.boolean(),
  locked: z.boolean(),
  isDemo: z.boolean(),
  mustChangePassword: z.boolean(),
});

export const IdParam = z.object({ id: z.string().uuid('用户编号格式不正确') });
