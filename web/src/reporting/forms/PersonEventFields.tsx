import { Col, Row } from 'antd';
import { type ReactNode, useRef } from 'react';
import type { PersonListItem } from '../../api/types.js';
import { EventDateItem } from './EventDateItem.js';
import { PersonItem } from './PersonItem.js';
import { useRules } from './useRules.js';

/**
 * What every report about a registered person starts with (death, marriage, divorce, move-out,
 * correction): the person, picked from the reporting village's registry, and the date of the
 * event, which cannot lie before the person's birth. The form's own fields follow as children,
 * in the same row; `onPerson` gives the picked person to forms that need more of them.
 */
export function PersonEventFields({
  unitId,
  dateLabel,
  onPerson,
  children,
}: {
  unitId: string;
  dateLabel: string;
  onPerson?: (person: PersonListItem | undefined) => void;
  children?: ReactNode;
}) {
  const rules = useRules();
  // A ref, not state: the date is re-checked as soon as the person changes, before a re-render.
  const person = useRef<PersonListItem>(undefined);
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <PersonItem
          unitId={unitId}
          onPerson={(p) => {
            person.current = p;
            onPerson?.(p);
          }}
        />
      </Col>
      <Col xs={24} md={12}>
        <EventDateItem
          label={dateLabel}
          extraRules={[rules.notBeforeBirth(() => person.current?.birthDate)]}
          dependencies={[['payload', 'personId']]}
        />
      </Col>
      {children}
    </Row>
  );
}
