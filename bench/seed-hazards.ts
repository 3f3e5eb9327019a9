import type { Client } from 'pg';

/**
 * A product's log written in bulk as the database owner: hazards rated from the plan's own matrix
 * (so ratings are what the app would compute), three controls per hazard in every type and status.
 */
export async function fillLog(owner: Client, organisationId: string, productId: string, planId: string, userId: string, hazards: number): Promise<void> {
  await owner.query(
    `INSERT INTO hazard (organisation_id, product_id, sequence, number, name, description, potential_clinical_impact, possible_causes, risk_plan_id,
       initial_severity, initial_likelihood, initial_rating, residual_severity, residual_likelihood, residual_rating, owner_user_id, status, hazard_type, action_summary)
     SELECT $1, $2, g, 'H-' || CASE WHEN g < 1000 THEN lpad(g::text, 3, '0') ELSE g::text END, 'Hazard ' || g || ': record shown out of date',
       'The consumer shows data that the practice has since changed, so the clinician acts on stale information (case ' || g || ').',
       'Patient receives inappropriate care.', jsonb_build_array('Cache not refreshed', 'Clock skew'), p.id,
       s.i, l.i, (p.matrix -> l.i ->> s.i)::int, s.r, l.r, (p.matrix -> l.r ->> s.r)::int, $4,
       CASE WHEN g % 10 = 0 THEN 'closed' ELSE 'open' END, (ARRAY['HTML', 'Structured', 'Appointments'])[1 + g % 3], 'Refresh on open; warn when older than a day.'
     FROM generate_series(1, $5::int) g
     JOIN risk_plan p ON p.id = $3
     CROSS JOIN LATERAL (SELECT (ARRAY['minor','significant','considerable','major','catastrophic'])[1 + g % 5] AS i, (ARRAY['minor','significant','considerable'])[1 + g % 3] AS r) s
     CROSS JOIN LATERAL (SELECT (ARRAY['very_low','low','medium','high','very_high'])[1 + (g / 5) % 5] AS i, (ARRAY['very_low','low'])[1 + g % 2] AS r) l`,
    [organisationId, productId, planId, userId, hazards],
  );
  await owner.query(`INSERT INTO hazard_counter (product_id, organisation_id, last_sequence) VALUES ($1, $2, $3)`, [productId, organisationId, hazards]);
  await owner.query(
    `INSERT INTO hazard_control (organisation_id, product_id, type, description, status, verification_reference)
     SELECT $1, $2, (ARRAY['design','test','training','business_process_change'])[1 + g % 4], 'Control ' || g || ': refresh and warn', (ARRAY['planned','implemented','verified'])[1 + g % 3],
       CASE WHEN g % 3 = 2 THEN 'Test report TR-' || g END
     FROM generate_series(1, $3::int) g`,
    [organisationId, productId, hazards * 3],
  );
  await owner.query(
    `INSERT INTO hazard_control_link (hazard_id, control_id, organisation_id)
     SELECT h.id, c.id, $1 FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM hazard_control WHERE product_id = $2) c
     JOIN hazard h ON h.product_id = $2 AND h.sequence = ((c.rn - 1) % $3) + 1`,
    [organisationId, productId, hazards],
  );
}

