//===- TileTaskKindBase.td - classes of task kind records -*- tablegen -*-===//
//
// The record classes TileTaskKinds.td defines the task kinds with, read by
// `tile-tblgen -gen-task-kinds` (tools/tile-tblgen).
//
//===----------------------------------------------------------------------===//
#ifndef TILE_TASK_KIND_BASE_TD
#define TILE_TASK_KIND_BASE_TD

// What an operand slot holds.
class TaskOperandClass<string cname> { string name = cname; }
def TaskFloat : TaskOperandClass<"FLOAT">; // f32, bf16 or f16
def TaskF32 : TaskOperandClass<"F32">;     // f32 only
def TaskI32 : TaskOperandClass<"I32">;     // i32 only
def TaskAny : TaskOperandClass<"ANY">;     // any dtype (a byte copy)

// An operand slot: `name` is a C identifier (it names the slot's index,
// TILEC_<KIND>_OP_<NAME>), `summary` says what it holds and its extent.
class TaskOperand<string cname, TaskOperandClass ccls, string csummary, bit copt = 0,
                  bit cpeer = 0> {
  string name = cname;
  TaskOperandClass cls = ccls;
  string summary = csummary;
  bit optional = copt;
  // In a peer program's arena (TILEC_OPERAND_PEER), never the task's own.
  bit peer = cpeer;
}
class OptionalTaskOperand<string cname, TaskOperandClass ccls, string csummary>
    : TaskOperand<cname, ccls, csummary, 1>;
// A slot the kind does not use, to keep later slots at their places.
class PeerTaskOperand<string cname, TaskOperandClass ccls, string csummary>
    : TaskOperand<cname, ccls, csummary, 0, 1>;
def NoTaskOperand : TaskOperand<"", TaskFloat, "">;

// A parameter slot (ip[] or fp[]): a C identifier and what it means.
class TaskParam<string cname, string csummary> {
  string name = cname;
  string summary = csummary;
}
def NoTaskParam : TaskParam<"", "">;

class TaskKind<int ccode, string cname> {
  // The value of tilec_task.kind; never reused for another meaning.
  int number = ccode;
  // Lower-case name in messages, traces and body names.
  string name = cname;
  string description = "";
  list<TaskOperand> operands = [];
  list<TaskParam> ints = [];
  list<TaskParam> floats = [];
  // Integer slots that say which tile of its op a task computes (rows,
  // heads, groups, a chunk): tasks of one device body may differ there.
  list<string> tileInts = [];
  // Integer slots that stay table reads in a specialized body even where
  // every task agrees (a constant there lets LLVM restructure a loop the
  // library body keeps in a shape chosen on purpose).
  list<string> dynamicInts = [];
  // The device library's body (compiler/lib/Target/device/*.mlir), "" for none.
  string deviceBody = "";
  // Its argument after (task, arena, tid): "pos" (the token position, i32),
  // "silu" (i1: SILU_MUL rather than ADD), or "".
  string deviceArgument = "";
  // What a BAD_INDEX fault of the kind is about: "token_id" (an id outside
  // the vocabulary), "position" (outside the KV cache) or "" (it has none),
  // and the int slot that bounds it, for the message.
  string badIndex = "";
  string badIndexBound = "";
}

#endif // TILE_TASK_KIND_BASE_TD
