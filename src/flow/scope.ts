/** The template scope of one iteration: what `${{ … }}` expressions can see. */
import type { TemplateScope } from '../suite/template.js';
import type { FlowContext, IterationState } from './context.js';

export function iterationScope(ctx: FlowContext, state: IterationState): TemplateScope {
  return {
    vars: ctx.vars,
    captures: state.captures,
    env: ctx.env,
    vu: state.vu,
    iteration: state.iteration,
    flow: state.flow,
  };
}
