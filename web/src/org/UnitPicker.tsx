import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit, UnitLevel } from '../api/types.js';
import { useOrgTree } from './useOrgTree.js';

type TreeNode = {
  value: string;
  title: string;
  selectable: boolean;
  children?: TreeNode[];
};

const DEPTH: Record<UnitLevel, number> = {
  province: 0,
  city: 1,
  county: 2,
  township: 3,
  village: 4,
  group: 5,
};

function toNodes(unit: Unit, deepest: UnitLevel, selectable: UnitLevel[] | undefined): TreeNode {
  const children = (unit.children ?? []).filter((c) => DEPTH[c.level] <= DEPTH[deepest]);
  return {
    value: unit.id,
    title: unit.name,
    selectable: !selectable || selectable.includes(unit.level),
    children: children.length > 0 ? children.map((c) => toNodes(c, deepest, selectable)) : undefined,
  };
}

export type UnitPickerProps = {
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Units below this level are not offered (villages' groups are rarely wanted). */
  deepest?: UnitLevel;
  /** Only these levels can be picked; the others only open. */
  selectable?: UnitLevel[];
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  /** Set by Form.Item so that its label and error point at this input. */
  id?: string;
  'data-testid'?: string;
};

/** Picks one unit of the caller's org tree (county → township → village). */
export function UnitPicker({
  value,
  onChange,
  deepest = 'village',
  selectable,
  allowClear = true,
  placeholder,
  style,
  id,
  ...rest
}: UnitPickerProps) {
  const { t } = useTranslation();
  const { data: root, loading } = useOrgTree();
  const treeData = useMemo(() => (root ? [toNodes(root, deepest, selectable)] : []), [root, deepest, selectable]);
  return (
    <TreeSelect
      id={id}
      data-testid={rest['data-testid']}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      treeData={treeData}
      loading={loading}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandedKeys={root ? [root.id] : []}
      placeholder={placeholder ?? t('org.pickUnit')}
      style={{ minWidth: 220, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
