import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseRead } from '../api/types';
import { CommandForm } from './CommandForm';
import { availableCommands } from './commands';

const view = {
  caseId: '3b1c0c52-8a8f-4a47-9a43-000000000001',
  status: 'transferred',
  readySince: null,
  visits: [],
  openPresentation: null,
  latestChoice: null,
  decidingChoice: null,
  latestDecision: { decisionId: 'd1', serviceType: 'home_care', startDate: '2026-01-20', decidedAt: '2026-01-16T10:00:00Z', appealed: false },
  transfer: { transferredAt: '2026-01-20T10:00:00Z', decisionId: 'd1' },
  withdrawal: null,
  revision: 7,
} as unknown as CaseRead;

const onRecorded = vi.fn();

const renderForm = () => {
  const ctx = { view, role: 'allocation_officer' as const };
  const spec = availableCommands(ctx).find((candidate) => candidate.id === 'follow-up')!;
  render(
    <QueryClientProvider client={new QueryClient()}>
      <CommandForm spec={spec} ctx={ctx} caseId={view.caseId} revision={view.revision} onRecorded={onRecorded} />
    </QueryClientProvider>,
  );
};

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  onRecorded.mockReset();
});

describe('CommandForm', () => {
  it('refuses to send without the required fields, by keyboard alone', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    renderForm();
    const button = screen.getByRole('button', { name: 'Registrer oppfølging' });
    for (let presses = 0; presses < 6 && document.activeElement !== button; presses++) await userEvent.tab();
    expect(document.activeElement).toBe(button);
    await userEvent.keyboard('{Enter}');
    // One message beside the field, and the same in the error summary, which links to the field.
    expect(await screen.findAllByText('Svar på om tjenesten passet')).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'Svar på om tjenesten passet' }).getAttribute('href')).toBe(`#${screen.getByLabelText('Passet tjenesten?').id}`);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends If-Match and shows the API problem beside its field, in bokmål, never the API\'s English', async () => {
    const fetch = vi.fn().mockResolvedValue(answer(400, { title: 'Invalid input', status: 400, errors: [{ field: 'notes', message: 'notes must not contain NUL characters or unpaired surrogates' }] }));
    vi.stubGlobal('fetch', fetch);
    renderForm();
    await userEvent.selectOptions(screen.getByLabelText('Passet tjenesten?'), 'service_fits');
    await userEvent.click(screen.getByRole('button', { name: 'Registrer oppfølging' }));
    expect(await screen.findAllByText('Notater inneholder tegn som ikke kan lagres')).toHaveLength(2);
    expect(document.body.textContent).not.toMatch(/Invalid input|must not|NUL/);
    expect(onRecorded).not.toHaveBeenCalled();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(`/api/v1/cases/${view.caseId}/follow-up`);
    expect((init as RequestInit).headers).toMatchObject({ 'If-Match': '"7"' });
  });

  it('on 412 says someone else changed the case and keeps what was typed', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(412, { title: 'The case has changed', status: 412 })));
    renderForm();
    await userEvent.selectOptions(screen.getByLabelText('Passet tjenesten?'), 'service_fits');
    await userEvent.type(screen.getByLabelText('Notater (valgfritt)'), 'Mine notater');
    await userEvent.click(screen.getByRole('button', { name: 'Registrer oppfølging' }));
    expect(await screen.findByText(/Noen andre har endret saken/)).toBeTruthy();
    expect((screen.getByLabelText('Notater (valgfritt)') as HTMLTextAreaElement).value).toBe('Mine notater');
  });

  it('says plainly when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    renderForm();
    await userEvent.selectOptions(screen.getByLabelText('Passet tjenesten?'), 'service_fits');
    await userEvent.click(screen.getByRole('button', { name: 'Registrer oppfølging' }));
    expect(await screen.findByText(/Får ikke kontakt med serveren/)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/TypeError|Failed to fetch/);
  });

  it('hands the answer to the page when the command is recorded', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(JSON.stringify({ caseId: view.caseId, revision: 8, position: '1-1' }), { status: 200, headers: { 'content-type': 'application/json' } })));
    renderForm();
    await userEvent.selectOptions(screen.getByLabelText('Passet tjenesten?'), 'service_fits');
    await userEvent.click(screen.getByRole('button', { name: 'Registrer oppfølging' }));
    await vi.waitFor(() => expect(onRecorded).toHaveBeenCalledWith(expect.objectContaining({ revision: 8 })));
  });
});
